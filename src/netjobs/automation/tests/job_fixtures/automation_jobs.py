"""Jobs the automation tests run: hook receivers, a button job and a job that writes output files."""

from netjobs.apps.automation import JobHookReceiver
from netjobs.apps.dcim import Manufacturer
from netjobs.apps.extras import Tag
from netjobs.apps.jobs import IntegerVar, Job, ObjectVar


class RecordChange(JobHookReceiver):
    """Returns what the hook passed in."""

    def receive_job_hook(self, change, action, changed_object):
        self.log_info(f"{action} {change['model']} {change['object_id']}")
        return {
            "action": action,
            "model": change["model"],
            "before": change["before"],
            "after": change["after"],
            "object": str(changed_object) if changed_object is not None else None,
        }


class DescribeTag(JobHookReceiver):
    """Writes to the tag that changed: without loop prevention this would fire its own hook forever."""

    def receive_job_hook(self, change, action, changed_object):
        if changed_object is not None:
            changed_object.description = f"seen {changed_object.description}"[:200]
            changed_object.validated_save()
            Tag.objects.create(name=f"child of {changed_object.name}"[:100])
        return action


class EditTag(Job):
    """An ordinary job (no hook started it) that edits a tag: its change does fire hooks."""

    tag = ObjectVar(model=Tag)

    def run(self, data, commit):
        data["tag"].description = "edited by a job"
        data["tag"].validated_save()


class AuditManufacturer(Job):
    """The job behind a job button."""

    manufacturer = ObjectVar(model=Manufacturer)

    def run(self, data, commit):
        return {"audited": data["manufacturer"].name}


class AuditAnything(Job):
    """A button job that takes the object through a variable named `object`."""

    object = IntegerVar()

    def run(self, data, commit):
        return {"object": data["object"]}


class NoObject(Job):
    """A job with no input a button could fill."""

    def run(self, data, commit):
        return None


class WriteFiles(Job):
    """Creates a text file, a binary file and (with `big` > 0) one of `big` bytes."""

    big = IntegerVar(required=False, default=0)

    def run(self, data, commit):
        self.create_file("report.txt", "hello\nworld\n")
        self.create_file("data.bin", bytes(range(256)))
        if data["big"]:
            self.create_file("big.bin", b"x" * data["big"])
        return "written"
