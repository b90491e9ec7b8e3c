"""Deleting what holds figures is refused, saying what holds it and how to retire it instead.

Every relation from a record that carries figures or history (observations, targets, risk
reviews, budget lines, minutes, the people they name) to what it belongs to is
``on_delete=PROTECT``: a delete that would take them with it, or blank the name on them
without a trace, fails with Django's ``ProtectedError``. This module turns that error into
words: how many of what hold it, a few of them by name, and the model's ``archive_hint``
(how to retire it instead), for the API's 409 and for pages.
"""

from collections import Counter

from django.db import models

EXAMPLES = 5


def holders(protected_objects) -> tuple[list[str], list[str]]:
    """(``"312 observations"`` per kind, ``"observation: 2.1 2017-03"`` for a few of them)."""
    kinds = Counter()
    examples = []
    for obj in protected_objects:
        meta = obj._meta
        kinds[(meta.verbose_name, meta.verbose_name_plural)] += 1
        if len(examples) < EXAMPLES * 2:
            examples.append(f"{meta.verbose_name}: {obj}")
    counted = [f"{n} {plural if n != 1 else single}" for (single, plural), n in sorted(
        kinds.items(), key=lambda item: (-item[1], item[0][0]))]
    return counted, sorted(set(examples))[:EXAMPLES * 2]


def refusal(instance, protected_objects) -> tuple[str, list[str], list[str]]:
    """The sentence a user reads, the counts and the named examples."""
    counted, examples = holders(protected_objects)
    what = f"{instance._meta.verbose_name.capitalize()} “{instance}”" if instance is not None else "This"
    detail = f"{what} can't be deleted: {', '.join(counted)} still hold it, and nothing was deleted."
    hint = getattr(instance, "archive_hint", "") if instance is not None else ""
    if hint:
        detail += f" {hint}"
    return detail, counted, examples


def set_null_relations(model):
    """The relations a delete of ``model`` blanks (``SET_NULL``) on records that keep history."""
    from simple_history.models import registered_models

    historied = set(registered_models.values())
    return [
        rel for rel in model._meta.get_fields(include_hidden=True)  # hidden too: related_name="+"
        if rel.is_relation and rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
        and rel.on_delete is models.SET_NULL and rel.related_model in historied
    ]


def record_set_null(sender, instance, using, **kwargs):
    """A ``SET_NULL`` cascade is an UPDATE Django issues behind the records' backs (no save, so
    no history): write each blanked record's history row, by whoever is deleting.

    Sent by ``pre_delete`` inside the delete's own transaction, so if the delete fails the rows
    go too; each row is the record as it is after the cascade (the field blank)."""
    for rel in set_null_relations(sender):
        model = rel.related_model
        blanked = list(model._base_manager.using(using).filter(**{rel.field.name: instance}))
        if not blanked:
            continue
        for obj in blanked:
            setattr(obj, rel.field.attname, None)
        model.history.bulk_history_create(
            blanked, update=True,
            default_change_reason=f"{rel.field.verbose_name} emptied: {sender._meta.verbose_name} “{instance}” deleted",
        )


def connect_set_null_history():
    from django.apps import apps
    from django.db.models.signals import pre_delete

    for model in apps.get_models():
        # Only senders that blank something historied: a receiver per model would stop Django's
        # fast (signal-free) deletes everywhere else.
        if set_null_relations(model):
            pre_delete.connect(record_set_null, sender=model, dispatch_uid=f"set-null-history-{model._meta.label}")
