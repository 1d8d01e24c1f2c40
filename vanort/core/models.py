"""Abstract building blocks shared by Vänort's domain models."""

from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, models, router, transaction
from django.db.models import BooleanField, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator


class CheckedModel(models.Model):
    """A model whose check constraints are validated in one query.

    Django asks the database once per check constraint, each time building a query that carries
    every field of the row (``Q.check``), inside a savepoint of its own; an activity's five checks
    were a third of an import's time. Here the conditions are the columns of a single ``SELECT``
    with the same semantics (a condition that is UNKNOWN passes, as in the database; one that
    refers to an excluded field is not asked); unique and other constraints are validated as
    Django does. The messages and codes are the constraints' own.
    """

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(type(self), instance=self)
        errors, checks = {}, []
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, models.CheckConstraint) and model_class is type(self):
                    checks.append(constraint)
                    continue
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        for constraint in self.failed_checks(exclude, checks=checks, using=using):
            errors = ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code) \
                .update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def failed_checks(self, exclude=None, *, checks=None, using=None) -> list[models.CheckConstraint]:
        """The model's check constraints (or ``checks``) this row breaks, asked in one query."""
        model = type(self)
        if checks is None:
            checks = [c for c in self._meta.constraints if isinstance(c, models.CheckConstraint)]
        using = using or router.db_for_write(model, instance=self)
        if exclude:
            checks = [c for c in checks if not c._expression_refs_exclude(model, c.condition, exclude)]
        if not checks:
            return []
        query = Query(None)
        for name, value in self._get_field_expression_map(meta=self._meta, exclude=exclude).items():
            query.add_annotation(value if hasattr(value, "resolve_expression") else Value(value), name, select=False)
        for number, constraint in enumerate(checks):
            query.add_annotation(Coalesce(constraint.condition, True, output_field=BooleanField()), f"_check_{number}")
        connection = connections[using]
        try:
            with transaction.atomic(using=using) if connection.in_atomic_block else nullcontext():
                row = query.get_compiler(using=using).execute_sql(SINGLE)
        except DatabaseError:  # as Django's own check: the database will judge on saving
            return []
        return [constraint for constraint, holds in zip(checks, row, strict=True) if not holds]


class VersionedModel(CheckedModel):
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
