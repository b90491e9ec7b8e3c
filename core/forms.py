from django import forms

from .models import Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["title", "name", "kind", "job_title", "organisation", "email", "phone"]
