"""Equality monitoring codes, as reference data (editable; a code in use is retired, never deleted).

NHS Data Dictionary: ETHNIC CATEGORY (the 2001 census "16+1" categories, Z not stated, 99 not
known); PERSON STATED GENDER CODE for sex; GENDER IDENTITY SAME AT BIRTH INDICATOR; SEXUAL
ORIENTATION (CODE). Religion or belief uses the 2021 census categories; age bands are the ones NHS
equality reporting uses; disability and carer status are yes, no or not stated."""

from django.db import migrations

CODES = {
    "ethnic_category": [
        ("A", "White - British"),
        ("B", "White - Irish"),
        ("C", "White - Any other White background"),
        ("D", "Mixed - White and Black Caribbean"),
        ("E", "Mixed - White and Black African"),
        ("F", "Mixed - White and Asian"),
        ("G", "Mixed - Any other mixed background"),
        ("H", "Asian or Asian British - Indian"),
        ("J", "Asian or Asian British - Pakistani"),
        ("K", "Asian or Asian British - Bangladeshi"),
        ("L", "Asian or Asian British - Any other Asian background"),
        ("M", "Black or Black British - Caribbean"),
        ("N", "Black or Black British - African"),
        ("P", "Black or Black British - Any other Black background"),
        ("R", "Other ethnic groups - Chinese"),
        ("S", "Other ethnic groups - Any other ethnic group"),
        ("Z", "Not stated"),
        ("99", "Not known"),
    ],
    "sex": [("1", "Male"), ("2", "Female"), ("9", "Indeterminate"), ("X", "Not known"), ("Z", "Not stated")],
    "gender_identity": [("Y", "Yes"), ("N", "No"), ("Z", "Not stated"), ("X", "Not known")],
    "sexual_orientation": [
        ("1", "Heterosexual or straight"),
        ("2", "Gay or lesbian"),
        ("3", "Bisexual"),
        ("4", "Other sexual orientation not listed"),
        ("U", "Not sure"),
        ("Z", "Not stated"),
        ("9", "Not known"),
    ],
    "disability": [("Y", "Yes"), ("N", "No"), ("Z", "Not stated")],
    "religion": [
        ("A", "No religion"),
        ("B", "Christian"),
        ("C", "Buddhist"),
        ("D", "Hindu"),
        ("E", "Jewish"),
        ("F", "Muslim"),
        ("G", "Sikh"),
        ("H", "Any other religion or belief"),
        ("Z", "Not stated"),
    ],
    "age_band": [
        ("0-15", "Under 16"),
        ("16-24", "16 to 24"),
        ("25-34", "25 to 34"),
        ("35-44", "35 to 44"),
        ("45-54", "45 to 54"),
        ("55-64", "55 to 64"),
        ("65-74", "65 to 74"),
        ("75-84", "75 to 84"),
        ("85+", "85 and over"),
        ("Z", "Not stated"),
    ],
    "carer": [("Y", "Yes"), ("N", "No"), ("Z", "Not stated")],
}


def load(apps, schema_editor):
    EqualityCode = apps.get_model("people", "EqualityCode")
    for category, codes in CODES.items():
        for position, (code, label) in enumerate(codes, start=1):
            EqualityCode.objects.update_or_create(
                category=category, code=code, defaults={"label": label, "position": position}
            )


def unload(apps, schema_editor):
    apps.get_model("people", "EqualityCode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
