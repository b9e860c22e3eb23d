"""Routes served by directory: search, public search, TwinFinder, contacts, following, the
home feed with eTwinning news and My Candidates."""
from etwinning_contracts.directory import networking as N
from etwinning_contracts.directory import search as S
from etwinning_contracts.identity import AcceptedSchema

from . import schemas as G
from .api import route

ERR_INPUT = (400, 422)


class DirectoryRoutes:
    def directory(self, method, actor=None, **kwargs):
        return self.rpc("directory", method, actor, **kwargs)

    # ------------------------------------------------------------ search
    @route("GET", "/api/v1/search/people", summary="People search: name, school, member type, country, language",
           tags=["search"], query=S.PeopleSearchArgs, response=S.PeoplePage, errors=ERR_INPUT,
           description="Every word counts (OR), results with more matched words first; accents, case and small "
                       "typos are forgiven ('Muller' finds 'Müller'), and names in other scripts are found in "
                       "Latin letters too ('Shevchenko' finds 'Шевченко'). Paginate with next_cursor.")
    def search_people(self, actor, **query):
        return 200, self.directory("search_people", actor, **query)

    @route("GET", "/api/v1/public/search/people", summary="Public people search (public profiles only)",
           tags=["search", "public"], auth="none", query=S.PeopleSearchArgs, response=S.PeoplePage,
           errors=ERR_INPUT)
    def public_search_people(self, actor, **query):
        return 200, self.directory("public_search_people", **query)

    @route("GET", "/api/v1/search/schools", summary="School search: name, town, country, level, availability",
           tags=["search"], auth="optional", query=S.SchoolSearchArgs, response=S.SchoolPage, errors=ERR_INPUT)
    def directory_search_schools(self, actor, **query):
        return 200, self.directory("search_schools", actor, **query)

    @route("GET", "/api/v1/public/search/schools", summary="Public school search", tags=["search", "public"],
           auth="none", query=S.SchoolSearchArgs, response=S.SchoolPage, errors=ERR_INPUT)
    def public_search_schools(self, actor, **query):
        return 200, self.directory("search_schools", **query)

    @route("GET", "/api/v1/twinfinder/teachers", summary="TwinFinder: teachers ranked by matching preferences",
           tags=["search"], query=S.TwinFinderArgs, response=S.PeoplePage, errors=ERR_INPUT + (403,))
    def twinfinder_teachers(self, actor, **query):
        return 200, self.directory("twinfinder_teachers", actor, **query)

    @route("GET", "/api/v1/twinfinder/schools", summary="TwinFinder: schools ranked by matching teachers",
           tags=["search"], query=S.TwinFinderArgs, response=S.SchoolPage, errors=ERR_INPUT + (403,),
           description="A school is green when one of its current teachers is open to partnerships; offer "
                       "partnership actions only where can_propose_partnership is true. With country (the map), "
                       "every school of that country with a validated, active teacher: best matches first, "
                       "those sharing no language or subject last.")
    def twinfinder_schools(self, actor, **query):
        return 200, self.directory("twinfinder_schools", actor, **query)

    # ------------------------------------------------------------ contacts
    @route("POST", "/api/v1/contact-requests", summary="Ask a validated eTwinner to become a contact",
           tags=["contacts"], body=N.ContactRequestArgs, response=N.ContactRequestSchema, status=201,
           errors=ERR_INPUT + (403, 404, 409),
           description=f"{N.CONTACT_HINT} Both people must be eTwinning-validated; the recipient accepts or "
                       "declines. A request crossing one from the recipient makes you contacts at once. After a "
                       "decline, the same person may be asked again after 7 days (409 request_cooldown before).")
    def request_contact(self, actor, **body):
        return 201, self.directory("request_contact", actor, **body)

    @route("GET", "/api/v1/contact-requests", summary="Pending contact requests I received or sent",
           tags=["contacts"], query=N.ContactRequestListArgs, response=N.ContactRequestPage, errors=ERR_INPUT + (403,))
    def contact_requests(self, actor, **query):
        return 200, self.directory("list_contact_requests", actor, **query)

    @route("POST", "/api/v1/contact-requests/<request_id>/accept", summary="Accept a contact request",
           tags=["contacts"], path_schema=G.RequestPath, response=N.ContactRequestSchema, errors=(403, 404, 409))
    def accept_contact(self, actor, request_id):
        return 200, self.directory("accept_contact_request", actor, request_id=request_id)

    @route("POST", "/api/v1/contact-requests/<request_id>/decline", summary="Decline a contact request",
           tags=["contacts"], path_schema=G.RequestPath, response=N.ContactRequestSchema, errors=(403, 404, 409))
    def decline_contact(self, actor, request_id):
        return 200, self.directory("decline_contact_request", actor, request_id=request_id)

    @route("POST", "/api/v1/contact-requests/<request_id>/cancel", summary="Withdraw a contact request I sent",
           tags=["contacts"], path_schema=G.RequestPath, response=N.ContactRequestSchema, errors=(403, 404, 409))
    def cancel_contact(self, actor, request_id):
        return 200, self.directory("cancel_contact_request", actor, request_id=request_id)

    @route("GET", "/api/v1/contacts", summary="My contacts, searchable by name", tags=["contacts"],
           query=N.ContactListQuery, response=N.ContactPage, errors=ERR_INPUT + (403,))
    def contacts(self, actor, **query):
        return 200, self.directory("list_contacts", actor, **query)

    @route("DELETE", "/api/v1/contacts/<user_id>", summary="Remove a contact", tags=["contacts"],
           path_schema=G.UserPath, response=AcceptedSchema, errors=(403, 404))
    def remove_contact(self, actor, user_id):
        return 200, self.directory("remove_contact", actor, user_id=user_id)

    @route("GET", "/api/v1/people/<user_id>/relationship",
           summary="What I can do from this profile: add as contact, follow, message", tags=["contacts"],
           path_schema=G.UserPath, response=N.RelationshipSchema, errors=(403, 404))
    def relationship(self, actor, user_id):
        return 200, self.directory("get_relationship", actor, user_id=user_id)

    # ------------------------------------------------------------ following and feed
    @route("POST", "/api/v1/people/<user_id>/follow", summary="Follow a person's public activity",
           tags=["contacts"], path_schema=G.UserPath, response=AcceptedSchema, errors=(403, 404))
    def follow(self, actor, user_id):
        return 200, self.directory("follow", actor, user_id=user_id)

    @route("DELETE", "/api/v1/people/<user_id>/follow", summary="Stop following", tags=["contacts"],
           path_schema=G.UserPath, response=AcceptedSchema, errors=(403, 404))
    def unfollow(self, actor, user_id):
        return 200, self.directory("unfollow", actor, user_id=user_id)

    @route("GET", "/api/v1/me/follows", summary="People I follow, or my followers", tags=["contacts"],
           query=N.FollowListArgs, response=N.PersonPage, errors=ERR_INPUT + (403,))
    def follows(self, actor, **query):
        return 200, self.directory("list_follows", actor, **query)

    @route("GET", "/api/v1/feed", summary="Home feed: eTwinning news, activity of people I follow and my contacts",
           tags=["home"], query=N.PageArgs, response=N.ActivityPage, errors=ERR_INPUT + (403,))
    def feed(self, actor, **query):
        return 200, self.directory("get_feed", actor, **query)

    @route("GET", "/api/v1/people/<user_id>/activity", summary="The activity section of a person's profile",
           tags=["home"], auth="optional", path_schema=G.UserPath, query=N.PageArgs, response=N.ActivityPage,
           errors=ERR_INPUT + (404,),
           description="Their public activity, newest first (R29), of people found in search: for signed-in users, "
                       "and for visitors when the profile is public (as the profile itself).")
    def person_activity(self, actor, user_id, **query):
        return 200, self.directory("person_activity", actor, user_id=user_id, **query)

    @route("GET", "/api/v1/schools/<school_id>/activity", summary="The activities on a school's public profile",
           tags=["search"], auth="optional", path_schema=G.SchoolPath, query=N.PageArgs, response=N.ActivityPage,
           errors=ERR_INPUT + (404,),
           description="The public activity of the school's current validated teachers, newest first (R55); "
                       "to visitors who are not signed in, only of teachers whose profile is public.")
    def school_activity(self, actor, school_id, **query):
        return 200, self.directory("school_activity", actor, school_id=school_id, **query)

    @route("POST", "/api/v1/news", summary="Publish eTwinning news to every home feed (CSS)", tags=["home"],
           body=N.NewsArgs, response=N.ActivitySchema, status=201, errors=ERR_INPUT + (403,), idempotent=True)
    def publish_news(self, actor, **body):
        return 201, self.directory("publish_news", actor, **body)

    # ------------------------------------------------------------ My Candidates
    @route("GET", "/api/v1/me/candidates", summary="My Candidates", tags=["candidates"], query=N.PageArgs,
           response=N.CandidatePage, errors=ERR_INPUT + (403,))
    def candidates(self, actor, **query):
        return 200, self.directory("list_candidates", actor, **query)

    @route("POST", "/api/v1/me/candidates", summary="Add a school or person to My Candidates", tags=["candidates"],
           body=N.CandidateArgs, response=N.CandidateSchema, status=201, errors=ERR_INPUT + (403, 404, 409))
    def add_candidate(self, actor, **body):
        return 201, self.directory("add_candidate", actor, **body)

    @route("PATCH", "/api/v1/me/candidates/<candidate_id>", summary="Change a candidate's private note",
           tags=["candidates"], path_schema=G.CandidatePath, body=G.NoteBody, response=N.CandidateSchema,
           errors=ERR_INPUT + (403, 404))
    def update_candidate(self, actor, candidate_id, **body):
        return 200, self.directory("update_candidate_note", actor, candidate_id=candidate_id, **body)

    @route("DELETE", "/api/v1/me/candidates/<candidate_id>", summary="Remove from My Candidates",
           tags=["candidates"], path_schema=G.CandidatePath, response=AcceptedSchema, errors=(403, 404))
    def remove_candidate(self, actor, candidate_id):
        return 200, self.directory("remove_candidate", actor, candidate_id=candidate_id)
