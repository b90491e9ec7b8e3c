from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PageNumberPagination(PageNumberPagination):
    """``page`` and ``page_size`` (default 50, at most 1,000) on every list."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        if request.query_params.get(self.page_query_param) == "":
            raise ValidationError({self.page_query_param: "Give a page number, or leave the parameter out."})
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: f"A whole number from 1 to {self.max_page_size}."})
        return int(raw)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        # next/previous are absolute URLs; the count is never negative.
        response["properties"]["count"]["minimum"] = 0
        return response

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == "page_size":
                param["schema"].update({"minimum": 1, "maximum": self.max_page_size, "default": self.page_size})
            if param["name"] == "page":
                param["schema"]["minimum"] = 1
        return params
