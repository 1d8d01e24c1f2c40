from django.urls import path, register_converter

from vanort.reports import views


class FormatConverter:
    regex = "pdf|docx|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "reports"
urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/annual/<int:year>/", views.report_page("annual"), name="annual"),
    path("reports/annual/<int:year>/<fmt:fmt>/", views.report_file("annual"), name="annual_file"),
    path("reports/review/<int:pk>/", views.report_page("review"), name="review"),
    path("reports/review/<int:pk>/<fmt:fmt>/", views.report_file("review"), name="review_file"),
    path("reports/follow-up/<int:pk>/<int:year>/", views.report_page("followup"), name="followup"),
    path("reports/follow-up/<int:pk>/<int:year>/<fmt:fmt>/", views.report_file("followup"), name="followup_file"),
    path("reports/word-template/", views.word_template, name="word_template"),
    path("reports/word-template/download/", views.word_template_download, name="word_template_download"),
    path("reports/word-template/starter/", views.word_template_starter, name="word_template_starter"),
    path("reports/jobs/<int:pk>/", views.job_detail, name="job"),
    path("reports/jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
