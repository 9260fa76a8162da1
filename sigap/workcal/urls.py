from django.urls import path

from sigap.workcal import views

app_name = "workcal"

urlpatterns = [
    path("kerja/kalender/", views.calendar, name="calendar"),
]
