from django.urls import path

from coproduce.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("privacy", views.privacy, name="privacy"),
    path("cookies", views.cookies, name="cookies"),
    path("feedback", views.feedback, name="feedback"),
    path("organisation/switch", views.switch_organisation, name="switch_organisation"),
    path("audit", views.audit_log, name="audit_log"),
    path("data-protection/", views.data_protection, name="data_protection"),
]
