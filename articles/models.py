from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Discussion, Member, Treatment
from forum.sanitize import render_article


class TagQuerySet(models.QuerySet):
    def in_use(self, now=None) -> "TagQuerySet":
        """Tags carried by at least one published article."""
        published = Article.objects.published(now).filter(tags=OuterRef("pk"))
        return self.filter(Exists(published))


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag_detail", kwargs={"slug": self.slug})


def _published(now=None) -> Q:
    return Q(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None) -> "ArticleQuerySet":
        """Live articles: published, and their publication date has come."""
        return self.filter(_published(now))

    def scheduled(self, now=None) -> "ArticleQuerySet":
        """Published articles whose publication date is still ahead."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now()
        )

    def drafts(self) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.DRAFT)

    def visible_to(self, user) -> "ArticleQuerySet":
        """Published articles for everyone; drafts and scheduled articles also
        for their author and for staff."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if user.is_authenticated:
            return self.filter(_published() | Q(author=user))
        return self.filter(_published())

    def by_author(self, author) -> "ArticleQuerySet":
        return self.filter(author=author)

    def tagged(self, tag) -> "ArticleQuerySet":
        return self.filter(tags=tag)

    def newest_first(self) -> "ArticleQuerySet":
        # Undated drafts sort above everything: they are the newest work.
        return self.order_by(models.F("published_at").desc(nulls_first=True), "-pk")

    def with_comment_count(self) -> "ArticleQuerySet":
        """Annotate `comment_count` from each article's discussion (0 if none)."""
        discussions = Discussion.objects.filter(
            host_type=ContentType.objects.get_for_model(Article), host_id=OuterRef("pk")
        )
        return self.annotate(
            comment_count=Coalesce(Subquery(discussions.values("comment_count")[:1]), 0)
        )

    def for_list(self) -> "ArticleQuerySet":
        """What an article card shows: the author's name and the number of
        comments, no tags."""
        return self.select_related("author").with_comment_count()

    def for_detail(self) -> "ArticleQuerySet":
        """What an article page and a feed entry show: author and tags."""
        return self.select_related("author").prefetch_related("tags")

    def for_page(self) -> "ArticleQuerySet":
        """What an article's own page shows: `for_detail`, and the
        treatments it is about."""
        return self.for_detail().prefetch_related("treatments")


class Article(models.Model):
    class Kind(models.TextChoices):
        COLUMN = "column", _("Column")
        EXPLAINER = "explainer", _("Explainer")
        NEWS = "news", _("News")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.COLUMN)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="articles",
        limit_choices_to={"groups__name": Member.COLUMNISTS},
    )
    experts = models.ForeignKey(
        "auth.Group",
        verbose_name=_("experts"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional: a group whose members answer readers' questions here "
            "beside the author, shown with an “Expert” label."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences for lists and feeds."),
    )
    body = models.TextField(_("body (Markdown)"), max_length=100_000)
    body_html = models.TextField(editable=False)
    tags = models.ManyToManyField(
        Tag, verbose_name=_("tags"), related_name="articles", blank=True
    )
    treatments = models.ManyToManyField(
        Treatment,
        verbose_name=_("treatments"),
        related_name="articles",
        blank=True,
        help_text=_(
            "The treatments this article is about: it is listed on their "
            "treatment pages and beside related reading."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("A future date schedules the article; it stays hidden until then."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Title above summary above text; kept by a PostgreSQL trigger
    # (forum/search_vectors.py).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="articles_published_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="articles_article_published_has_date",
                violation_error_message=_(
                    "A published article needs a publication date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_article(self.body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if (
            self.author_id
            and not self.author.groups.filter(name=Member.COLUMNISTS).exists()
        ):
            raise ValidationError({"author": _("Only columnists can author articles.")})

    def discussion_visible_to(self, user) -> bool:
        """The discussion is seen by whoever may see the article."""
        return self.is_published() or (
            user.is_authenticated and (user.is_staff or user.pk == self.author_id)
        )

    def discussion_moderated_by(self, user) -> bool:
        """With CAIRN_COLUMNISTS_MODERATE on (the forum asks only then), the
        columnist moderates their own article's discussion."""
        return user.is_authenticated and user.pk == self.author_id

    @classmethod
    def hosts_moderated_by(cls, user):
        return cls.objects.filter(author_id=user.pk).values("pk")

    @classmethod
    def public_hosts(cls):
        """The articles whose discussions every reader sees (as
        `discussion_visible_to` for a visitor): the published ones."""
        return cls.objects.published().values("pk")

    @classmethod
    def hosts_answered_by(cls, user):
        """The published articles whose readers' questions `user` answers
        (forum.services.questions): those they wrote, and those whose
        experts group they are in."""
        return (
            cls.objects.published()
            .filter(Q(author_id=user.pk) | Q(experts__in=user.groups.all()))
            .values("pk")
        )

    def discussion_badges(self) -> dict[int, str]:
        """Role labels the article's discussion shows beside authors' names:
        its columnist, and the members of its experts group (read once per
        article object, and only when it names a group)."""
        badges = getattr(self, "_discussion_badges", None)
        if badges is None:
            badges = {}
            if self.experts_id:
                expert = str(_("Expert"))
                members = Member.objects.filter(groups=self.experts_id)
                badges = dict.fromkeys(members.values_list("pk", flat=True), expert)
            badges[self.author_id] = str(_("Columnist"))
            self._discussion_badges = badges
        return dict(badges)

    def discussion_answerers(self) -> dict[int, str]:
        """Who answers the questions readers ask in the discussion (and the
        label of each): its columnist and its experts. Having this method
        is what makes a host page take questions (forum.services.questions)."""
        return self.discussion_badges()

    def is_published(self, now=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    def is_scheduled(self, now=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > (now or timezone.now())
        )
