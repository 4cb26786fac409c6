import os

from django.core.wsgi import get_wsgi_application

from ladder.response_cache import ResponseCache

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ladder.settings")
application = ResponseCache(get_wsgi_application())
