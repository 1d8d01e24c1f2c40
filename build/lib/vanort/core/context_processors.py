from django.conf import settings

from vanort.core.navigation import menu_for


def vanort(request):
    user = getattr(request, "user", None)
    return {
        "menu": menu_for(request),
        "current_municipality": getattr(user, "municipality", None) if user and user.is_authenticated else None,
        "LANGUAGES": settings.LANGUAGES,
    }
