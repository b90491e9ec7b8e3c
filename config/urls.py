from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from committees.oparl import views as oparl_views
from core import views as core_views

api_v1 = [
    path("", include("core.api.urls")),
    path("", include("performance.api.urls")),
    path("", include("riskregister.api.urls")),
    path("", include("finance.api.urls")),
    path("", include("committees.api.urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("core.urls")),
    path("performance/", include("performance.urls")),
    path("risks/", include("riskregister.urls")),
    path("finance/", include("finance.urls")),
    path("committees/", include("committees.urls")),
    path("api/v1/", include(api_v1)),
    path("oparl/v1/", include("committees.oparl.urls")),
    path("developers/", oparl_views.developers, name="oparl_developers"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
]

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
