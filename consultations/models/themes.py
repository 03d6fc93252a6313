from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.languages import EnglishOriginal


class Theme(EnglishOriginal, models.Model):
    """A two-level taxonomy that meetings and statements are tagged with."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="theme_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": _("Themes have two levels: a broader theme cannot have a parent.")}
            )
