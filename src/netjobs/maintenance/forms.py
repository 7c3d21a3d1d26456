"""Forms of the maintenance pages: a note, an .eml upload."""

from __future__ import annotations

from django import forms
from django.conf import settings

from netjobs.maintenance.models import MaintenanceNote

__all__ = ["EmailUploadForm", "NoteForm"]


class NoteForm(forms.ModelForm):
    class Meta:
        model = MaintenanceNote
        fields = ["title", "level", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}


class EmailUploadForm(forms.Form):
    file = forms.FileField(
        label="E-mail (.eml)", help_text="A provider notification saved from your mail client as a .eml file"
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = int(getattr(settings, "NETJOBS_MAX_UPLOAD_SIZE", 10 * 1024 * 1024))
        if upload.size > limit:
            raise forms.ValidationError(f"The file is larger than {limit} bytes.")
        raw = upload.read()
        if not raw.strip():
            raise forms.ValidationError("The file is empty.")
        return raw
