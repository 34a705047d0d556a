"""One small table per club schema: what a typical new feature's migration adds."""

from django.db import models


class Probe(models.Model):
    name = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["name"], name="bench_probe_name")]

    def __str__(self):
        return self.name
