"""A module that lists its jobs explicitly, with a shared base class that is not a job itself."""

from netjobs.apps.jobs import Job, StringVar

name = "Explicit job list"


class DeviceJob(Job):
    """Shared by the jobs below; not in `jobs`, so not a job."""

    device = StringVar()

    def run(self, data, commit):
        self.log_info(message=f"{type(self).__name__} on {data['device']}")


class Backup(DeviceJob):
    pass


class Reboot(DeviceJob):
    pass


jobs = [Backup, Reboot]  # when present, only these classes are jobs
