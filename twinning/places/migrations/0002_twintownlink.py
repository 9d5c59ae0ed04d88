# The twin-town network, moved here from `imports` (whose migration renamed the
# table): the model enters this app's state as it was, then its indexes take this
# app's names.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("places", "0001_initial"),
        ("imports", "0002_move_twintownlink_to_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
            name='TwinTownLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=100, verbose_name='dataset')),
                ('pair_key', models.CharField(editable=False, help_text='Identifies the pair within its dataset, in either order.', max_length=64, verbose_name='pair key')),
                ('place_name', models.CharField(max_length=200, verbose_name='place')),
                ('place_country', models.CharField(blank=True, help_text='ISO 3166-1 alpha-2', max_length=2, verbose_name='country')),
                ('place_key', models.CharField(editable=False, max_length=200, verbose_name='folded name')),
                ('place_geonames_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='GeoNames id')),
                ('place_wikidata_id', models.CharField(blank=True, max_length=20, verbose_name='Wikidata id')),
                ('partner_name', models.CharField(max_length=200, verbose_name='twin town')),
                ('partner_country', models.CharField(blank=True, help_text='ISO 3166-1 alpha-2', max_length=2, verbose_name='country of the twin town')),
                ('partner_key', models.CharField(editable=False, max_length=200, verbose_name='folded name')),
                ('partner_geonames_id', models.PositiveIntegerField(blank=True, null=True, verbose_name='GeoNames id of the twin town')),
                ('partner_wikidata_id', models.CharField(blank=True, max_length=20, verbose_name='Wikidata id of the twin town')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='imported')),
                ('partner_place', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='places.place', verbose_name='twin town in the register')),
                ('place', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='places.place', verbose_name='place in the register')),
            ],
            options={
                'verbose_name': 'twin-town link',
                'verbose_name_plural': 'twin-town network',
                'ordering': ['source', 'place_country', 'place_key', 'partner_key'],
                'indexes': [models.Index(fields=['place_geonames_id'], name='imports_twi_place_g_05555f_idx'), models.Index(fields=['partner_geonames_id'], name='imports_twi_partner_22e34a_idx'), models.Index(fields=['place_country', 'place_key'], name='imports_twi_place_c_ba0346_idx'), models.Index(fields=['partner_country', 'partner_key'], name='imports_twi_partner_cb0504_idx'), models.Index(fields=['place_wikidata_id'], name='imports_twi_place_w_3b80a5_idx'), models.Index(fields=['partner_wikidata_id'], name='imports_twi_partner_54c95b_idx')],
                'constraints': [models.UniqueConstraint(fields=('source', 'pair_key'), name='twintownlink_unique_pair')],
            },
        ),
            ],
        ),
        migrations.RenameIndex(
            model_name="twintownlink", old_name="imports_twi_place_g_05555f_idx", new_name="twintown_place_geonames_idx"
        ),
        migrations.RenameIndex(
            model_name="twintownlink", old_name="imports_twi_partner_22e34a_idx", new_name="twintown_partner_geonames_idx"
        ),
        migrations.RenameIndex(
            model_name="twintownlink", old_name="imports_twi_place_c_ba0346_idx", new_name="twintown_place_name_idx"
        ),
        migrations.RenameIndex(
            model_name="twintownlink", old_name="imports_twi_partner_cb0504_idx", new_name="twintown_partner_name_idx"
        ),
        migrations.RenameIndex(
            model_name="twintownlink", old_name="imports_twi_place_w_3b80a5_idx", new_name="twintown_place_wikidata_idx"
        ),
        migrations.RenameIndex(
            model_name="twintownlink", old_name="imports_twi_partner_54c95b_idx", new_name="twintown_partner_wikidata_idx"
        ),
    ]
