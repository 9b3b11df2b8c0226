"""What a person finds in their export zip, to the byte: data.json (one list per declared
relation, then each app's extra sections), their files under files/, README.txt (#27, #28).

The installation here declares only what each test declares (`declarations`), so the whole
archive is known."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from accounts.personal_data import profile
from intrasphere.privacy import KEEP, declare, exporter
from tests.complaints.factories import AttachmentFactory, ComplaintFactory
from tests.factories import UserFactory
from tests.privacy_declarations import declarations  # noqa: F401 (fixture)
from tests.training.factories import TrainingFactory

ATTACHMENTS = "complaints.ComplaintAttachment.uploaded_by"
TRAININGS = "training.Training.instructor"


@pytest.fixture
def only_declared(declarations):  # noqa: F811
    """No app's declarations: each test declares its own."""
    declarations.rules.clear()
    declarations.exporters.clear()
    return declarations


def _download(client, person) -> zipfile.ZipFile:
    client.force_login(person)
    response = client.post(reverse("accounts:my_data"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _attachment_row(attachment) -> dict:
    return json.loads(
        _json(
            {
                "id": attachment.pk,
                "complaint": attachment.complaint_id,
                "uploaded_by": attachment.uploaded_by_id,
                "file": attachment.file.name,
                "original_name": attachment.original_name,
                "extension": attachment.extension,
                "size": attachment.size,
                "created_at": attachment.created_at,
            }
        )
    )


@pytest.fixture
def person(db):
    return UserFactory(username="zoe.export", first_name="Zoé", last_name="Durand")


def test_each_declared_relation_is_a_list_of_rows_in_order(only_declared, person, client):
    declare(
        "complaints.ComplaintAttachment",
        "uploaded_by",
        export=True,
        on_anonymise=KEEP,
        reason="Test.",
        private_fields=("content_type",),
        only={"extension": "pdf"},
    )
    complaint = ComplaintFactory(submitter=person, title="Chaise cassée")
    first = AttachmentFactory(complaint=complaint, original_name="première.pdf")
    second = AttachmentFactory(complaint=complaint, original_name="second.pdf")
    AttachmentFactory(complaint=complaint, original_name="photo.png", extension="png")
    AttachmentFactory(complaint=ComplaintFactory())  # someone else's

    data = json.loads(_download(client, person).read("data.json"))

    assert list(data) == [ATTACHMENTS]
    assert data[ATTACHMENTS] == [_attachment_row(first), _attachment_row(second)]


def test_data_json_is_written_section_by_section_row_by_row(only_declared, person, client):
    for model in ("complaints.ComplaintAttachment", "training.Training"):
        field = "uploaded_by" if model.startswith("complaints") else "instructor"
        declare(model, field, export=True, on_anonymise=KEEP, reason="Test.")

    @exporter
    def extra(*, user):
        yield "extra", iter([{"who": user.first_name}, {"n": 2}])
        yield "nosuch.Model.rows", iter([])

    complaint = ComplaintFactory(submitter=person)
    AttachmentFactory(complaint=complaint)
    AttachmentFactory(complaint=complaint)
    training = TrainingFactory(instructor=person)

    raw = _download(client, person).read("data.json").decode()

    data = json.loads(raw)
    assert list(data) == [ATTACHMENTS, TRAININGS, "extra", "nosuch.Model.rows"]
    assert data["extra"] == [{"who": "Zoé"}, {"n": 2}]
    assert data["nosuch.Model.rows"] == []
    assert [row["id"] for row in data[TRAININGS]] == [training.pk]
    assert data[TRAININGS][0]["thumbnail"] == ""  # no file: an empty name
    assert data[TRAININGS][0]["title"] == training.title
    sections = [
        "\n" + _json(section) + ": [" + ",".join("\n  " + _json(row) for row in rows) + "]"
        for section, rows in data.items()
    ]
    assert raw == "{" + ",".join(sections) + "\n}\n"
    assert '"who": "Zoé"' in raw  # UTF-8, not \u escapes


def test_an_empty_export_is_an_empty_object(only_declared, person, client):
    archive = _download(client, person)
    assert archive.read("data.json") == b"{\n}\n"
    assert archive.namelist() == ["data.json", "README.txt"]


def test_the_person_s_files_are_in_the_zip_and_the_readme_counts_each_list(
    only_declared, person, client
):
    declare(
        "complaints.ComplaintAttachment", "uploaded_by", export=True, on_anonymise=KEEP, reason="T"
    )
    exporter(profile)
    exporter(lambda *, user: iter([("extra", iter([{"n": 1}]))]))
    person.avatar.save("me.png", ContentFile(b"\x89PNG avatar"), save=True)
    complaint = ComplaintFactory(submitter=person)
    big = b"%PDF-1.4\n" + bytes(range(256)) * 300  # more than one 64 kB chunk
    kept = AttachmentFactory(complaint=complaint, file=ContentFile(big, name="big.pdf"))
    gone = AttachmentFactory(complaint=complaint)
    gone.file.storage.delete(gone.file.name)  # a file lost from the storage: left out

    archive = _download(client, person)

    assert archive.namelist() == [
        "data.json",
        f"files/{kept.file.name}",
        f"files/{person.avatar.name}",
        "README.txt",
    ]
    assert archive.read(f"files/{kept.file.name}") == big
    assert archive.read(f"files/{person.avatar.name}") == b"\x89PNG avatar"
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    readme = archive.read("README.txt").decode()
    assert readme.startswith("Your personal data in IntraSphere, exported on ")
    assert readme.endswith(f"\n\n{ATTACHMENTS}: 2\naccounts.User.profile: 1\nextra: 1\n")


def test_without_an_index_text_the_readme_holds_the_counts_only(only_declared, person):
    from intrasphere.privacy import write_export

    declare(
        "complaints.ComplaintAttachment", "uploaded_by", export=True, on_anonymise=KEEP, reason="T"
    )
    AttachmentFactory(complaint=ComplaintFactory(submitter=person))
    target = io.BytesIO()
    assert write_export(user=person, target=target) == {ATTACHMENTS: 1}
    readme = zipfile.ZipFile(target).read("README.txt").decode()
    assert readme == f"\n\n{ATTACHMENTS}: 1\n"
