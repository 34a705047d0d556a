"""Operations on whole clubs: backup and restore as one archive, deletion after a grace period."""
