"""The catalogue's pages: staff editing (``views_catalogue``) and the public face
(``views_public``), included by ``sigap.services.urls`` under ``app_name = "services"``."""

from sigap.services import views_catalogue, views_public

urlpatterns = [*views_catalogue.urlpatterns, *views_public.urlpatterns]
