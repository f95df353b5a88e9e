from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from hoptac.portal.models.base import CachedPage

PER_PAGE = 10


class NewsIndexPage(CachedPage, Page):
    """The news section: articles newest first, ten a page, filterable by tag."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.ArticlePage"]
    max_count = 1
    cache_params = ("page", "tag")

    class Meta:
        verbose_name = _("news index")

    def articles(self):
        return ArticlePage.objects.child_of(self).live().public().select_related("feed_image").order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()
        if tag:
            articles = articles.filter(tags__name=tag).distinct()
        paginator = Paginator(articles, PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        context.update(
            articles=page,
            paginator=paginator,
            tag=tag,
            all_tags=ArticlePage.tags.most_common(min_count=1)[:20],
        )
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("portal.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(label=_("text alternative"), max_length=250,
                           help_text=_("What the image shows, for people who cannot see it."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "portal/blocks/image.html"


class ArticlePage(CachedPage, Page):
    """A news article: lead, body with captioned images, authors, dates and tags."""

    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("lead"), help_text=_("One or two sentences shown under the title and in lists."))
    feed_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("main image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    feed_image_alt = models.CharField(_("text alternative of the main image"), max_length=250, blank=True)
    feed_image_caption = models.CharField(_("caption of the main image"), max_length=300, blank=True)
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul", "h2", "h3"])),
            ("image", ImageBlock(label=_("image"))),
            ("quote", blocks.BlockQuoteBlock(label=_("quote"))),
        ],
        verbose_name=_("body"),
        blank=True,
    )
    authors = models.CharField(_("authors"), max_length=255, blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        "date", "lead", "feed_image", "feed_image_alt", "feed_image_caption", "body", "authors", "tags",
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
