from django.urls import path  # noqa: F401 - the patterns below grow with the app

app_name = "community"

urlpatterns: list = []
