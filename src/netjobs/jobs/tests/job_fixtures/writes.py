"""Jobs that change data, for the commit, dry-run, read-only and change-log tests."""

from django.utils.text import slugify

from netjobs.apps.extras import Tag
from netjobs.apps.jobs import BooleanVar, Job, StringVar


class CreateTags(Job):
    prefix = StringVar(default="job")
    fail = BooleanVar(default=False)

    def run(self, data, commit):
        tag = Tag(name=f"{data['prefix']}-run", slug=slugify(f"{data['prefix']}-run"))
        tag.validated_save()
        self.log_success(obj=tag, message="Created tag")
        if data["fail"]:
            raise ValueError("failing after a write")
        tag.description = "updated by the job"
        tag.validated_save()
        return tag.pk

    def post_run(self):
        name = f"{self.data['prefix']}-post-run"
        Tag(name=name, slug=slugify(name)).validated_save()
        self.log_info(message="post_run wrote a tag too")


class ReadOnlyCreateTags(CreateTags):
    class Meta:
        read_only = True
