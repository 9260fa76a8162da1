from django.urls import path

from sigap.consultations import views_public as public
from sigap.consultations import views_staff as staff

app_name = "consultations"

P = "p/<slug:agency_slug>/konsultasi/"
urlpatterns = [
    path("konsultasi/", public.index, name="index"),
    path("konsultasi/masukan-saya/", public.mine, name="mine"),
    path(
        "konsultasi/masukan-saya/identitas/<int:stakeholder_id>/",
        public.claim_evidence,
        name="claim_evidence",
    ),
    path(P, public.agency_list, name="agency_list"),
    path(P + "<int:consultation_id>/", public.draft, name="draft"),
    path(P + "<int:consultation_id>/komentar/", public.post_comment, name="post_comment"),
    path(P + "<int:consultation_id>/kuesioner/", public.answer_questionnaire, name="questionnaire"),
    path(P + "<int:consultation_id>/bandingkan/", public.comparison, name="compare"),
    path(P + "<int:consultation_id>/laporan/", public.report, name="report"),
    path(P + "<int:consultation_id>/laporan.pdf", public.report_pdf, name="report_pdf"),
    path(P + "<int:consultation_id>/laporan.xlsx", public.report_xlsx, name="report_xlsx"),
    path(P + "komentar/<int:comment_id>/laporkan/", public.report_comment, name="report_comment"),
    path(P + "forum/<int:forum_id>/", public.forum, name="forum"),
    path(P + "forum/<int:forum_id>/daftar/", public.forum_register, name="forum_register"),
    path("kerja/konsultasi/", staff.staff_list, name="staff_list"),
    path("kerja/konsultasi/<int:consultation_id>/", staff.staff_detail, name="staff_detail"),
    path(
        "kerja/konsultasi/<int:consultation_id>/versi-baru/",
        staff.staff_publish,
        name="staff_publish",
    ),
    path("kerja/konsultasi/<int:consultation_id>/status/", staff.staff_move, name="staff_move"),
    path(
        "kerja/konsultasi/<int:consultation_id>/kuesioner/",
        staff.staff_questionnaire,
        name="staff_questionnaire",
    ),
    path(
        "kerja/konsultasi/pemangku-kepentingan/",
        staff.staff_stakeholders,
        name="staff_stakeholders",
    ),
    path(
        "kerja/konsultasi/pemangku-kepentingan/<int:stakeholder_id>/putuskan/",
        staff.staff_stakeholder_decide,
        name="staff_stakeholder_decide",
    ),
    path("kerja/konsultasi/<int:consultation_id>/jawab/", staff.staff_answer, name="staff_answer"),
    path(
        "kerja/konsultasi/komentar/<int:comment_id>/sembunyikan/",
        staff.staff_hide,
        name="staff_hide",
    ),
    path(
        "kerja/konsultasi/komentar/<int:comment_id>/tampilkan/",
        staff.staff_restore,
        name="staff_restore",
    ),
    path("kerja/konsultasi/forum/", staff.staff_forums, name="staff_forums"),
    path("kerja/konsultasi/forum/<int:forum_id>/", staff.staff_forum, name="staff_forum"),
    path(
        "kerja/konsultasi/forum/<int:forum_id>/ubah/",
        staff.staff_forum_update,
        name="staff_forum_update",
    ),
    path(
        "kerja/konsultasi/tindak-lanjut/<int:item_id>/selesai/",
        staff.staff_item_done,
        name="staff_item_done",
    ),
]
