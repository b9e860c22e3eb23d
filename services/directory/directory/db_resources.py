"""Tables of the resources library (R100) and the queries that search it. A file's bytes live in
a table of their own, so listing and searching never read them."""
import uuid
from datetime import datetime

from sqlalchemy import ARRAY, Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, select, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base
from .db_posts import ranked

AREA = "resources"
TS = DateTime(timezone=True)
AVAILABLE = "(r.url is not null or r.file_type is not null)"  # a link, or a file already uploaded


class Resource(Base):
    __tablename__ = "resources"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    uploader_id: Mapped[uuid.UUID] = mapped_column(index=True)
    school_id: Mapped[uuid.UUID] = mapped_column()
    school: Mapped[dict] = mapped_column(JSONB)  # the school as it was shown when chosen
    country: Mapped[str] = mapped_column(String(2))
    resource_type: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    subjects: Mapped[list] = mapped_column(ARRAY(String(40)), default=list)
    languages: Mapped[list] = mapped_column(ARRAY(String(5)), default=list)
    age_groups: Mapped[list] = mapped_column(ARRAY(String(10)), default=list)
    searchable: Mapped[bool] = mapped_column(Boolean)
    url: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(100))  # as found in the content; None: no file
    file_size: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    # unaccented, lower-case words of title and description: what keywords match
    search_text: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        Index("resources_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}),
        Index("resources_school", "school_id", "created_at"),
        Index("resources_subjects", "subjects", postgresql_using="gin"),
    )


class ResourceFile(Base):
    __tablename__ = "resource_files"
    resource_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Repository:
    def __init__(self, session):
        self.session = session

    def new_resource(self, **values):
        """A new resource, added to the session; the caller fills it in before the flush."""
        resource = Resource(id=uuid.uuid4(), **values)
        self.session.add(resource)
        return resource

    def resource(self, resource_id, lock=False):
        return self.session.get(Resource, resource_id, with_for_update=lock, populate_existing=lock)

    def file_data(self, resource_id):
        return self.session.scalar(select(ResourceFile.data).where(ResourceFile.resource_id == resource_id))

    def store_file(self, resource_id, data):
        """Insert or replace, without loading the bytes being replaced."""
        statement = insert(ResourceFile).values(resource_id=resource_id, data=data)
        self.session.execute(statement.on_conflict_do_update(index_elements=[ResourceFile.resource_id],
                                                             set_={"data": statement.excluded.data}))

    def drop_file(self, resource_id):
        self.session.execute(text("delete from resource_files where resource_id = :r"), {"r": resource_id})

    def search(self, words, filters, viewer, limit, after=None):
        """Available resources matching the filters. ``viewer`` is (user id, ids of their validated
        schools): they see what is searchable, their own and their schools'; None sees everything."""
        where, params = [AVAILABLE], {}
        if viewer is not None:
            where.append("(r.searchable or r.uploader_id = :me or r.school_id = any(cast(:mine as uuid[])))")
            # a blocked or inactive uploader leaves every result, their materials with them (R54)
            where.append("(r.uploader_id = :me or exists (select 1 from people p where p.user_id = r.uploader_id "
                         "and p.searchable))")
            params.update(me=viewer[0], mine=[str(s) for s in viewer[1]])
        for key, column in (("resource_type", "r.resource_type"), ("country", "r.country"),
                            ("school_id", "r.school_id")):
            if filters.get(key):
                where.append(f"{column} = :{key}")
                params[key] = filters[key]
        for key, column in (("subject", "r.subjects"), ("language", "r.languages"), ("age_group", "r.age_groups")):
            if filters.get(key):
                where.append(f"{column} @> array[:{key}]::varchar[]")
                params[key] = filters[key]
        return ranked(self.session, Resource, "resources r", "r.search_text", "r.created_at", words, where, params,
                      limit, after)

    def by_uploader(self, uploader_id, limit, after=None):
        """Someone's resources, newest first, those still awaiting their file included."""
        query = select(Resource).where(Resource.uploader_id == uploader_id)
        if after:
            query = query.where(text("(created_at, id) < (cast(:t as timestamptz), :i)")
                                .bindparams(t=after[0], i=after[1]))
        return self.session.scalars(query.order_by(Resource.created_at.desc(), Resource.id.desc())
                                    .limit(limit + 1)).all()


def erase_person(session, user_id):
    """An erased account's resources go with their files (the foreign key cascades): they were
    shared by that person, and a school colleague who wants to keep one can upload it again."""
    session.execute(text("delete from resources where uploader_id = :u"), {"u": user_id})
