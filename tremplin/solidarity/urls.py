from django.urls import path

from tremplin.solidarity import catalogue_views, stock_views, views

app_name = "solidarity"
urlpatterns = [
    path("ventes/", views.sale_list, name="sale_list"),
    path("ventes/<int:pk>/", views.sale_detail, name="sale_detail"),
    path("ventes/<int:pk>/recu.pdf", views.sale_receipt, name="sale_receipt"),
    path("ventes/<int:pk>/annuler/", views.sale_cancel, name="sale_cancel"),
    path("ventes/<int:pk>/rembourser/", views.sale_refund, name="sale_refund"),
    path("ventes/<int:pk>/garantie/", views.warranty_create, name="warranty_create"),
    path("personnes/<int:pk>/vendre/", views.sale_create, name="sale_create"),
    path("personnes/<int:pk>/evaluation/", views.assessment_create, name="assessment_create"),
    path("stock/", stock_views.stock_list, name="stock_list"),
    path("stock/mouvements/", stock_views.movement_list, name="movement_list"),
    path("stock/reception/", stock_views.stock_receive, name="stock_receive"),
    path("stock/transfert/", stock_views.stock_transfer, name="stock_transfer"),
    path("stock/sortie/", stock_views.stock_write_off, name="stock_write_off"),
    path("appareils/<int:pk>/remis-en-etat/", stock_views.item_refurbish, name="item_refurbish"),
    path("exports/", stock_views.export, name="export"),
    path("catalogue/", catalogue_views.offer_list, name="offer_list"),
    path("catalogue/nouvelle/", catalogue_views.offer_create, name="offer_create"),
    path("catalogue/<int:pk>/", catalogue_views.offer_update, name="offer_update"),
    path("catalogue/<int:pk>/limites/", catalogue_views.limit_create, name="limit_create"),
    path("limites/<int:pk>/retirer/", catalogue_views.limit_delete, name="limit_delete"),
]
