from django.utils.functional import SimpleLazyObject

from forum.disclaimers import current_disclaimer


def disclaimer(request):
    return {"disclaimer": SimpleLazyObject(current_disclaimer)}
