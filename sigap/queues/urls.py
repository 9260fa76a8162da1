"""The queue's pages: public (offices, display, kiosk, ticket), the citizen's bookings,
and the staff's counter, dashboard and staffing advisor, and setting up offices."""

from sigap.queues import views_citizen, views_public, views_setup, views_staff

app_name = "queues"

urlpatterns = [
    *views_public.urlpatterns,
    *views_citizen.urlpatterns,
    *views_staff.urlpatterns,
    *views_setup.urlpatterns,
]
