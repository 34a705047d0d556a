"""Forms of the exchange: posts, answers and messages, accept with lending dates, search, sign-up, reports."""

import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cms.query_forms import PageField, QueryChoiceField, QueryDateField, QueryForm, QueryTextField
from sites.clubs.models import Category
from sites.clubs.validators import validate_postal_code

from .constants import MAX_PHOTOS, PostKind, PostType
from .models import Crisis, HelperSignup, Post
from .photos import photo_reencode

_POSTAL_CODE_PREFIX = re.compile(r"[0-9]{1,5}")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos in one input; each is checked and re-encoded (see community.photos)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Höchstens %(n)s Fotos pro Beitrag.") % {"n": MAX_PHOTOS})
        errors, cleaned = [], []
        for upload in files:
            try:
                cleaned.append(photo_reencode(upload))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


_SUBMIT_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_submit_token() -> str:
    return secrets.token_urlsafe(24)


class PostForm(forms.ModelForm):
    """Create or edit an offer or request. The contact person is one of the club's editors.

    A new post's form carries a one-time token (hidden, kept when the form comes back with an
    error): the service makes one post per token, however often the form is sent.
    """

    submit_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    contact = forms.TypedChoiceField(
        label=_("Kontaktperson"),
        coerce=int,
        help_text=_(
            "Wer aus Ihrem Verein kümmert sich? Name und E-Mail sieht der andere Verein erst nach Ihrer Zusage."
        ),
    )
    photos = MultiplePhotoField(
        label=_("Fotos"),
        required=False,
        help_text=_("Bis zu 5 Fotos (JPG, PNG oder WebP, je höchstens 5 MB). Sie werden verkleinert gespeichert."),
    )

    class Meta:
        model = Post
        fields = [
            "post_type",
            "kind",
            "category",
            "title",
            "description",
            "quantity",
            "quantity_unit",
            "starts_on",
            "ends_on",
            "postal_code",
            "town",
            "address",
            "conditions",
            "conditions_note",
            "contact_phone",
            "is_public",
            "crisis",
            "helper_cap",
            "helper_slots",
        ]
        widgets = {
            "post_type": forms.RadioSelect,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "helper_slots": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, editors=(), crises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [
            (u.pk, f"{(u.get_full_name() or u.get_username())} ({u.email})") for u in editors
        ]
        self.editors = {u.pk: u for u in editors}
        self.fields["category"].queryset = Category.objects.all()
        self.fields["crisis"].queryset = crises if crises is not None else Crisis.objects.none()
        self.fields["crisis"].empty_label = _("– keine –")
        if not self.fields["crisis"].queryset.exists():
            del self.fields["crisis"]
            del self.fields["helper_cap"]
            del self.fields["helper_slots"]
        self.fields["postal_code"].validators.append(validate_postal_code)

    def clean_submit_token(self):
        value = self.cleaned_data["submit_token"]
        if value and not _SUBMIT_TOKEN.fullmatch(value):
            raise ValidationError(_("Das Formular ist beschädigt. Bitte laden Sie die Seite neu."))
        return value

    def clean_contact(self):
        user = self.editors.get(self.cleaned_data["contact"])
        if user is None:
            raise ValidationError(_("Bitte wählen Sie eine Person aus Ihrem Verein."))
        return user

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Das Ende liegt vor dem Beginn."))
        return data

    def post_fields(self) -> dict:
        """The cleaned values the services take as post fields."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class AnswerForm(forms.Form):
    """The first message to another club's post; for an offer with a lending calendar also the
    days the club would like it for (the poster's accept form starts from them)."""

    body = forms.CharField(
        label=_("Ihre Nachricht"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Was können Sie anbieten oder was brauchen Sie genau? Ihre Kontaktdaten werden erst "
            "nach der Zusage des anderen Vereins sichtbar."
        ),
    )
    wanted_from = forms.DateField(label=_("Gewünscht ab"), required=False, widget=DateInput())
    wanted_to = forms.DateField(label=_("Gewünscht bis"), required=False, widget=DateInput())

    def __init__(self, *args, lendable: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not lendable:
            del self.fields["wanted_from"]
            del self.fields["wanted_to"]
        else:
            self.fields["wanted_from"].help_text = _(
                "Möchten Sie etwas ausleihen? Dann nennen Sie die Tage (erster und letzter Tag)."
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("wanted_from"), data.get("wanted_to")
        if start and end and end < start:
            self.add_error("wanted_to", _("Das Ende liegt vor dem Beginn."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Nachricht"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class AcceptForm(forms.Form):
    """Accept an answer; for a lendable offer with the first and last day it is lent."""

    lend_from = forms.DateField(label=_("Verliehen ab"), required=False, widget=DateInput())
    lend_to = forms.DateField(label=_("Verliehen bis"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("lend_from"), data.get("lend_to")
        if bool(start) != bool(end):
            raise ValidationError(_("Bitte beide Daten angeben – oder keines, wenn nichts verliehen wird."))
        if start and end and end < start:
            self.add_error("lend_to", _("Das Ende der Ausleihe liegt vor dem Beginn."))
        return data


class SearchForm(QueryForm):
    """Filters of the exchange's search (portal and club admin), from the query string.

    Always bound; an invalid value is shown with its message and the other filters still apply.
    """

    q = QueryTextField(label=_("Suchbegriffe"), max_length=200)
    post_type = QueryChoiceField(label=_("Angebot oder Gesuch"), choices=[("", _("Alle"))] + list(PostType.choices))
    kind = QueryChoiceField(label=_("Art"), choices=[("", _("Alle Arten"))] + list(PostKind.choices))
    category = QueryChoiceField(label=_("Kategorie"))
    town = QueryTextField(label=_("Ort"), max_length=120)
    postal_code = QueryTextField(
        label=_("PLZ (oder Anfang)"), max_length=5, help_text=_("z. B. „123“ für die Umgebung")
    )
    date_from = QueryDateField(label=_("Zeitraum von"), widget=DateInput())
    date_to = QueryDateField(label=_("bis"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Alle Kategorien"))] + list(
            Category.objects.values_list("slug", "name")
        )

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].replace(" ", "")
        if value and not _POSTAL_CODE_PREFIX.fullmatch(value):
            raise ValidationError(_("Bitte nur Ziffern eingeben (höchstens fünf)."))
        return value

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out; the form shows why)."""
        data = self.values
        return {
            "query": data["q"],
            "post_type": data["post_type"],
            "kind": data["kind"],
            "category": data["category"],
            "town": data["town"],
            "postal_code": data["postal_code"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }


class PageQueryForm(QueryForm):
    """?p= of a paged list; not a number → the first page (the paginator turns too large into the last)."""

    p = PageField(initial=1)


class PostCreateQueryForm(QueryForm):
    """?art=offer|request preselects the kind of a new post (links from the overview)."""

    art = QueryChoiceField(choices=PostType.choices, initial=PostType.OFFER)


class PhotoRemovalForm(forms.Form):
    """The "remove" ticks under a post's photos: ids of that post's own photos only."""

    remove_photo = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Bitte nur Fotos dieses Beitrags zum Entfernen anhaken.")},
    )

    def __init__(self, *args, photo_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_photo"].choices = [(str(pk), str(pk)) for pk in photo_ids]


class HelperSignupForm(forms.ModelForm):
    privacy = forms.BooleanField(
        label=_("Ich bin einverstanden, dass der Verein meine Angaben für diesen Einsatz nutzt."),
        help_text=_("Ihre Daten werden 30 Tage nach Ende der Krise gelöscht."),
    )

    class Meta:
        model = HelperSignup
        fields = ["name", "email", "phone", "slot"]
        help_texts = {
            "email": _("Dorthin schicken wir Ihnen den Link, mit dem Sie absagen können."),
            "phone": _("E-Mail oder Telefon genügt."),
        }

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        if slots:
            self.fields["slot"] = forms.ChoiceField(label=_("Zeitfenster"), choices=[(s, s) for s in slots])
        else:
            self.fields["slot"].help_text = _("Wann können Sie? z. B. „Samstag ab 9 Uhr“")

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", _("Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an."))
        return data


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Was stimmt nicht?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Das Heldenhelfer-Team prüft Ihre Meldung. Der gemeldete Verein erfährt nicht, wer gemeldet hat."),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args, **kwargs):
        from .constants import PostStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s.value, s.label) for s in (PostStatus.OPEN, PostStatus.PARTLY_MET, PostStatus.MET, PostStatus.WITHDRAWN)
        ]
