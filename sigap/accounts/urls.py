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
]
