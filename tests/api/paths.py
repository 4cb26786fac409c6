"""One real URL per API operation, used by the tests that must hold for every GET."""

EVERY_GET = [
    "/api/v1/",
    "/api/v1/roles/",
    "/api/v1/roles/technical-product-manager/",
    "/api/v1/scales/",
    "/api/v1/scales/tpm-titles/",
    "/api/v1/levels/",
    "/api/v1/levels/p3/",
    "/api/v1/positions/",
    "/api/v1/positions/?format=csv",
    "/api/v1/positions/technical-product-manager.tpm-ii/",
    "/api/v1/bands/",
    "/api/v1/bands/?format=csv",
    "/api/v1/bands/technical-product-manager.p3.us.usd.base-salary/",
    "/api/v1/sources/",
    "/api/v1/sources/tpm-p2-profile/",
    "/api/v1/search/?q=roadmap",
    "/api/v1/titles/resolve/?title=TPM+II",
    "/api/v1/export/",
    "/api/v1/compare/?positions=technical-product-manager.p3,technical-product-manager.tpm-ii",
    "/api/schema/",
]
