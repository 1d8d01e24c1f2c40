"""Abstract building blocks shared by Vänort's domain models."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator


class VersionedModel(models.Model):
    """A record edited by people: it carries a version for optimistic locking and timestamps.

    The version rises by one on every save through :func:`vanort.core.versioning.save_versioned`;
    a form opened on version 3 cannot overwrite version 4.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        super().validate_constraints(exclude)
        self.validate_translated_unique(exclude or ())

    def validate_translated_unique(self, exclude) -> None:
        """Check unique constraints on a translated field's own column (``name``).

        That column holds the value in the language it was saved in, or the other if that one is
        empty, but modeltranslation rewrites a lookup on ``name`` to ``name_<language>``, so
        Django's check misses a row named only in the other language and the database answers
        with an IntegrityError. The message goes to the form field that holds the colliding name.
        """
        try:
            translated = set(translator.get_options_for_model(type(self)).all_fields)
        except NotRegistered:
            return
        for constraint in self._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if not isinstance(constraint, models.UniqueConstraint) or constraint.condition is not None:
                continue
            names = [f for f in fields if f in translated]
            if not names or any(f in exclude for f in fields):
                continue
            attnames = [self._meta.get_field(f).attname for f in fields]
            values = {a: getattr(self, a) for a in attnames}
            others = type(self)._default_manager.rewrite(False).filter(**values)
            if not self._state.adding:
                others = others.exclude(pk=self.pk)
            if others.exists():
                name = names[0]
                value = getattr(self, name)
                field = next(
                    (f"{name}_{code}" for code, _ in settings.LANGUAGES if getattr(self, f"{name}_{code}") == value),
                    None,
                )
                message = constraint.get_violation_error_message()
                raise ValidationError({field: message} if field else message, code=constraint.violation_error_code)
