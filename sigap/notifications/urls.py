from django.urls import path

from sigap.notifications import views

app_name = "notifications"

urlpatterns = [
    path("akun/notifikasi/", views.inbox, name="inbox"),
    path("akun/notifikasi/baca-semua/", views.read_all, name="read_all"),
    path("akun/notifikasi/saluran/", views.channels, name="channels"),
    path("akun/notifikasi/<int:notification_id>/baca/", views.read, name="read"),
    path("akun/notifikasi/<int:notification_id>/belum-dibaca/", views.unread, name="unread"),
]
