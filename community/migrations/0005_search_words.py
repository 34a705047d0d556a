from django.contrib.postgres.search import SearchVector
from django.db import migrations

from cms.search_text import SearchWords


def refresh_vectors(apps, schema_editor):
    """Index the posts' words as queries split them (cms.search_text.SearchWords)."""
    Post = apps.get_model("community", "Post")
    Post.objects.update(
        search_vector=SearchVector(SearchWords("title"), weight="A", config="german")
        + SearchVector(SearchWords("description"), weight="B", config="german")
        + SearchVector(SearchWords("town"), weight="C", config="german")
    )


class Migration(migrations.Migration):
    dependencies = [("community", "0004_post_submit_token_thread_wanted_days")]

    operations = [migrations.RunPython(refresh_vectors, migrations.RunPython.noop)]
