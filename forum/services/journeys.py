"""A member's "MS journey": writing it, and what of it a viewer is shown.

Health details are the member's alone: only they write them (there is no
admin screen for them, see forum.admin), and who sees each part is their
choice, read through `Journey.visible_to`, the one rule. Every part starts
empty and seen by nobody but them.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Journey, Member, Treatment, Visibility
from forum.services.profile import profile_block

# Who else sees a part, as its owner reads it on their page.
SEEN_BY = {
    Visibility.ONLY_ME: _("Only you"),
    Visibility.MEMBERS: _("Signed-in members"),
    Visibility.EVERYONE: _("Everyone"),
}
LABELS = {
    "diagnosed": _("Diagnosed in"),
    "ms_type": _("Type of MS"),
    "current": _("Current treatments"),
    "past": _("Past treatments"),
}


@dataclass(frozen=True)
class Part:
    """One part of a journey as a page shows it: `text` for a year or a type,
    `names` (and `other`, typed by the member) for treatments."""

    key: str
    label: str
    seen_by: str
    text: str = ""
    names: tuple[str, ...] = ()
    other: str = ""

    def is_empty(self) -> bool:
        return not (self.text or self.names or self.other)


def journey_of(member: Member) -> Journey | None:
    """`member`'s journey with its treatments (three queries), or None."""
    return (
        Journey.objects.filter(member=member)
        .prefetch_related("current_treatments", "past_treatments")
        .first()
    )


def shown_parts(journey: Journey | None, viewer) -> list[Part]:
    """The parts of `journey` that `viewer` may see and that hold something;
    for the member themself, every part, empty or not, marked with who else
    sees it."""
    if journey is None:
        return []
    own = viewer.is_authenticated and viewer.pk == journey.member_id
    visible = journey.visible_to(viewer)
    parts = [_part(journey, key) for key in Journey.PARTS if key in visible]
    return parts if own else [part for part in parts if not part.is_empty()]


def _part(journey: Journey, key: str) -> Part:
    seen_by = str(SEEN_BY[journey.visibility_of(key)])
    label = str(LABELS[key])
    if key == "diagnosed":
        text = str(journey.diagnosed_year or "")
        return Part(key=key, label=label, seen_by=seen_by, text=text)
    if key == "ms_type":
        text = journey.get_ms_type_display() if journey.ms_type else ""
        return Part(key=key, label=label, seen_by=seen_by, text=str(text))
    chosen = getattr(journey, f"{key}_treatments").all()
    return Part(
        key=key,
        label=label,
        seen_by=seen_by,
        names=tuple(treatment_label(treatment) for treatment in chosen),
        other=getattr(journey, f"{key}_other"),
    )


def treatment_label(treatment: Treatment) -> str:
    """A treatment by the name a member may know it by: "Alemtuzumab
    (Lemtrada, Campath)"."""
    name, *others = treatment.all_names()
    return f"{name} ({', '.join(others)})" if others else name


def offered_treatments(journey: Journey | None, part: str):
    """The treatments a member may tick for `part` ("current" or "past"):
    the listed ones, and any retired since they chose it (kept, not lost)."""
    listed = Treatment.objects.listed()
    if journey is None or journey.pk is None:
        return listed
    chosen = getattr(journey, f"{part}_treatments").values("pk")
    return listed | Treatment.objects.filter(pk__in=chosen)


@transaction.atomic
def update_journey(
    *,
    member: Member,
    diagnosed_year: int | None,
    diagnosed_visibility: str,
    ms_type: str,
    ms_type_visibility: str,
    current_treatments: Iterable[Treatment],
    current_other: str,
    current_visibility: str,
    past_treatments: Iterable[Treatment],
    past_other: str,
    past_visibility: str,
    now=None,
) -> Journey:
    """Replace `member`'s journey with what they gave, part by part with who
    may see it. Refused (PermissionDenied) when they may not change their
    profile (forum.services.profile.profile_block: suspended, or no
    verified address); ValidationError for a value the model refuses or a
    treatment that is neither listed nor already theirs."""
    now = now or timezone.now()
    reason = profile_block(member, now=now)
    if reason:
        raise PermissionDenied(reason)
    journey, _created = Journey.objects.select_for_update().get_or_create(member=member)
    chosen = {"current": list(current_treatments), "past": list(past_treatments)}
    for part, treatments in chosen.items():
        offered = set(offered_treatments(journey, part).values_list("pk", flat=True))
        if any(treatment.pk not in offered for treatment in treatments):
            raise ValidationError(
                {f"{part}_treatments": _("Choose treatments from the list.")},
                code="not_listed",
            )
    journey.diagnosed_year = diagnosed_year
    journey.diagnosed_visibility = diagnosed_visibility
    journey.ms_type = ms_type
    journey.ms_type_visibility = ms_type_visibility
    journey.current_other = current_other
    journey.current_visibility = current_visibility
    journey.past_other = past_other
    journey.past_visibility = past_visibility
    journey.updated_at = now
    journey.full_clean(exclude=["member"])
    journey.save()
    journey.current_treatments.set(chosen["current"])
    journey.past_treatments.set(chosen["past"])
    return journey
