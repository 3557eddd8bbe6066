"""Request checks that apply to every URL of the site, before any view runs."""

from django.http import HttpResponseBadRequest, JsonResponse

NULL = "\x00"


def null_character_problem(request):
    """Where the URL has a null character, in the words of the API's other 400s; or None."""
    if NULL in request.path_info:
        return "null characters are not allowed in the path"
    for key, values in request.GET.lists():
        if NULL in key:
            return "null characters are not allowed in parameter names"
        if any(NULL in value for value in values):
            return f"null characters are not allowed in {key}"
    return None


class RejectNullCharactersMiddleware:
    """A null character in the path or the query string is a 400.

    No URL of the site has a use for one, and PostgreSQL refuses it in every text
    comparison ("PostgreSQL text fields cannot contain NUL (0x00) bytes"), so each
    lookup it reached was a 500: found by tests/hardening's fuzz on PostgreSQL in
    ``/api/v2/navigation/?locale=%00`` and ``/api/v2/pages/find/?html_path=%00``.
    Refusing it here covers every view, present and future, on any database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = null_character_problem(request)
        if problem is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"message": problem}, status=400)
        return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
