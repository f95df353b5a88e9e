"""Portal addresses outside the page tree (inside the language prefix, before Wagtail's pages)."""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("phuong-phap/", views.methodology_page, name="portal_methodology"),
    path("kham-pha/", views.explorer_page, name="portal_explorer"),
    path("ban-do/", views.map_page, name="portal_map"),
    path("tim-kiem/", views.search_page, name="portal_search"),
    path("nguon-tin/tin-tuc.atom", feeds.NewsFeed(), name="portal_news_feed"),
    path("nguon-tin/bao-cao.atom", feeds.ReportsFeed(), name="portal_reports_feed"),
]
