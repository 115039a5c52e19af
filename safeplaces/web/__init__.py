"""Blueprints by audience. Views parse the request, call the domain modules and render.

What views share has a module named for it: `searching` (where the visitor is, the nearest
places), `arguments` (page numbers, row ids and times from the query string), `settings` (the
time now, the phones, printed addresses), `files` (photos, PDF downloads), `page_maps` (maps
with the site's tiles and files) and `security` (the rate limiter, the security log).
"""
