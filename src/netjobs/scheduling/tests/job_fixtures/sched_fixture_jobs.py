"""Jobs the scheduling tests schedule and run (copied into the jobs root as `sched_fixture_jobs.py`)."""

from netjobs.apps.jobs import IntegerVar, Job, StringVar
from netjobs.apps.scheduling import AtomicJobRunner, register_system_job, runtime_setting
from netjobs.apps.tenancy import Tenant

FIXTURE_INTERVAL = runtime_setting("test_fixture_system_interval", default=10, min_value=0)


class Echo(Job):
    message = StringVar(required=False, default="hi")

    def run(self, data, commit):
        return data["message"]


class NeedsCount(Job):
    count = IntegerVar(min_value=1)

    def run(self, data, commit):
        return data["count"]


class Secretive(Job):
    password = StringVar(sensitive=True)

    def run(self, data, commit):
        return None


class AtomicCreatesTenant(AtomicJobRunner):
    tenant_name = StringVar()

    class Meta:
        name = "Creates a tenant"

    def perform(self, data):
        Tenant.objects.create(name=data["tenant_name"], slug=data["tenant_name"].lower())
        return {"created": data["tenant_name"]}


class AtomicCreatesThenFails(AtomicJobRunner):
    tenant_name = StringVar()

    def perform(self, data):
        Tenant.objects.create(name=data["tenant_name"], slug=data["tenant_name"].lower())
        raise RuntimeError("boom after writing")


@register_system_job(FIXTURE_INTERVAL.get)
class FixtureSystemJob(AtomicJobRunner):
    def perform(self, data):
        return {"ok": True}
