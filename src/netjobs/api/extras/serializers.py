"""extras serializers: every field of each model; relations as brief objects, written by id."""

from __future__ import annotations

from netjobs.api.serializers import BaseModelSerializer
from netjobs.core.models import Status, Tag

__all__ = ["StatusSerializer", "TagSerializer"]


class StatusSerializer(BaseModelSerializer):
    class Meta:
        model = Status
        fields = "__all__"


class TagSerializer(BaseModelSerializer):
    class Meta:
        model = Tag
        fields = "__all__"
