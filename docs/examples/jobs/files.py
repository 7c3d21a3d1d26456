"""Reading data files that sit next to the job module."""

from netjobs.apps.jobs import Job

name = "Data files"


class SiteVlans(Job):
    class Meta:
        read_only = True

    def run(self, data, commit):
        sites = self.load_yaml("data/sites.yaml")  # relative to this file's folder
        vlan_names = self.load_json("data/vlans.json")
        for site in sites:
            names = [vlan_names[str(vlan)] for vlan in site["vlans"]]
            self.log_info(message=f"{site['name']}: {', '.join(names)}")
        return {site["name"]: site["vlans"] for site in sites}


class OutsideTheFolder(Job):
    def run(self, data, commit):
        return self.load_yaml("../netjobs.toml")  # refused: ValueError, the run errors
