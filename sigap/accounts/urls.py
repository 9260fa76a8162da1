from django.urls import path

from sigap.accounts import staff_views, views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("keluar/", views.logout_view, name="logout"),
    path("daftar/", views.register, name="register"),
    path("akun/data-saya/", views.my_data, name="my_data"),
    path("akun/data-saya/unduh/", views.download_my_data, name="download_my_data"),
    path("akun/data-saya/tarik-persetujuan/", views.withdraw_consent, name="withdraw_consent"),
    path("akun/token-api/", views.api_tokens, name="api_tokens"),
    path("kerja/pegawai/", staff_views.staff_roles, name="staff_roles"),
    path("kerja/pegawai/<int:grant_id>/cabut/", staff_views.revoke_role, name="revoke_role"),
    path(
        "kerja/pegawai/<int:grant_id>/kata-sandi-sementara/",
        staff_views.temporary_password,
        name="temporary_password",
    ),
    path("akun/kata-sandi/", views.password_change, name="password_change"),
    path("pulihkan-akun/", views.recover, name="recover"),
    path("pulihkan-akun/terkirim/", views.recover_sent, name="recover_sent"),
    path(
        "pulihkan-akun/<str:recovery_uid>/<str:recovery_token>/",
        views.recover_confirm,
        name="recover_confirm",
    ),
    path("undangan/<str:invitation_key>/", views.invitation, name="invitation"),
]
