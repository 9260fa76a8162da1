from django.urls import path

from sigap.complaints import views_citizen as citizen
from sigap.complaints import views_staff as staff

app_name = "complaints"

urlpatterns = [
    # The public and the complainant.
    path("p/<slug:agency_slug>/pengaduan/", citizen.public_stats, name="public_stats"),
    path("p/<slug:agency_slug>/pengaduan/baru/", citizen.file, name="file"),
    path("pengaduan/lacak/", citizen.track, name="track"),
    path("pengaduan/saya/", citizen.my_complaints, name="my_complaints"),
    path("pengaduan/saya/<str:complaint_number>/", citizen.my_complaint, name="my_complaint"),
    # Staff.
    path("kerja/pengaduan/", staff.inbox, name="inbox"),
    path("kerja/pengaduan/triase/", staff.triage, name="triage"),
    path("kerja/pengaduan/catat/", staff.file_for_caller, name="file_for_caller"),
    path("kerja/pengaduan/kinerja/", staff.routing_report, name="routing_report"),
    path("kerja/pengaduan/lapor/", staff.lapor_exchange, name="lapor"),
    path("kerja/pengaduan/lapor/ekspor.json", staff.lapor_export, name="lapor_export"),
    path("kerja/pengaduan/<int:complaint_id>/", staff.detail, name="detail"),
    path("kerja/pengaduan/<int:complaint_id>/teruskan/", staff.route, name="route"),
    path("kerja/pengaduan/<int:complaint_id>/tindak-lanjut/", staff.follow_up, name="follow_up"),
    path("kerja/pengaduan/<int:complaint_id>/jawab/", staff.answer, name="answer"),
    path("kerja/pengaduan/<int:complaint_id>/tolak/", staff.reject, name="reject"),
    path("kerja/pengaduan/<int:complaint_id>/gabung/", staff.merge, name="merge"),
    path("kerja/pengaduan/<int:complaint_id>/identitas/", staff.reveal, name="reveal"),
]
