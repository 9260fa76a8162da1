from django.urls import path

from sigap.workcal import views

app_name = "workcal"

urlpatterns = [
    path("kerja/kalender/", views.calendar, name="calendar"),
    path("kerja/kalender/libur/", views.add_holiday, name="add_holiday"),
    path("kerja/kalender/hari-kerja/", views.mark_working_day, name="mark_working_day"),
    path(
        "kerja/kalender/libur/<int:holiday_id>/hapus/",
        views.remove_holiday,
        name="remove_holiday",
    ),
    path("kerja/kalender/jam-kantor/", views.office_hours, name="office_hours"),
    path("kerja/kalender/tenggat/", views.deadline, name="deadline"),
]
