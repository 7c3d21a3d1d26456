"""Jobs that change data: validated_save(), commit or dry run, the change log, a read-only report."""

from django.utils.text import slugify

from netjobs.apps.extras import ObjectChange, Tag
from netjobs.apps.jobs import Job, ObjectVar, StringVar

name = "Tags"


class CreateTag(Job):
    class Meta:
        description = "Create a tag; a dry run shows what would be created"

    tag_name = StringVar(max_length=100)
    color = StringVar(default="9e9e9e", regex=r"^[0-9a-f]{6}$")

    def run(self, data, commit):
        tag = Tag(name=data["tag_name"], slug=slugify(data["tag_name"]), color=data["color"])
        tag.validated_save()  # full_clean() first: invalid or duplicate data raises instead of being saved
        self.log_success(obj=tag, message="Created")
        return {"id": tag.pk, "slug": tag.slug}

    def post_run(self):
        # The same transaction as run(): a dry run or an error rolls this change back too.
        tag = Tag.objects.filter(name=self.data["tag_name"]).first()
        if tag is not None:
            tag.description = f"Created by run {self.result.pk}"
            tag.validated_save()


class TagHistory(Job):
    class Meta:
        read_only = True
        description = "The change log of one tag"

    tag = ObjectVar(model=Tag)

    def run(self, data, commit):
        tag = data["tag"]
        changes = ObjectChange.objects.filter(changed_object_type__model="tag", changed_object_id=str(tag.pk))
        for change in changes.order_by("time", "id"):
            fields = ", ".join(change.changed_fields)
            self.log_info(obj=tag, message=f"{change.action} by run {change.job_result_id}: {fields}")
        return changes.count()


class TagAudit(Job):
    class Meta:
        read_only = True
        description = "Every tag needs a description"

    def test_descriptions(self):
        for tag in Tag.objects.all():
            if tag.description:
                self.log_success(obj=tag)
            else:
                self.log_failure(obj=tag, message="No description")
