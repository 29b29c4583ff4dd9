"""E-tjänst: the start page of one e-service."""

from plone.app.textfield import RichText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import implementer

from atvidaberg.etjanster import _
from atvidaberg.etjanster.content.constraints import is_email
from atvidaberg.etjanster.content.constraints import is_phone_number
from atvidaberg.etjanster.content.constraints import is_web_address

AUDIENCE_EVERYONE = "everyone"
AUDIENCE_EMPLOYEES = "employees"
AUDIENCE_ELECTED_OFFICIALS = "elected_officials"


class IEService(model.Schema):
    """An e-service as residents meet it: what it is for, what it takes, whom to ask."""

    introduction = RichText(
        title=_("Introduction"),
        description=_("What the e-service is for and what happens after you apply."),
        required=False,
    )
    target_group = schema.Text(
        title=_("Who can use the e-service"),
        required=False,
    )
    prerequisites = schema.List(
        title=_("Before you start"),
        description=_("What the applicant needs at hand, one item per line."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    steps = schema.List(
        title=_("Steps in the e-service"),
        description=_("The steps the applicant goes through, one per line, in order."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
    )
    processing_time = schema.TextLine(title=_("Processing time"), required=False)
    cost = schema.TextLine(title=_("Cost"), required=False)

    model.fieldset(
        "contact",
        label=_("Contact"),
        fields=["contact_name", "contact_phone", "contact_email", "responsible_unit"],
    )
    contact_name = schema.TextLine(title=_("Contact person"), required=False)
    contact_phone = schema.TextLine(
        title=_("Contact phone"), required=False, constraint=is_phone_number
    )
    contact_email = schema.TextLine(
        title=_("Contact e-mail"), required=False, constraint=is_email
    )
    responsible_unit = schema.Choice(
        title=_("Responsible unit"),
        description=_("The unit that handles the cases of this e-service."),
        vocabulary="atvidaberg.etjanster.units",
        required=False,
    )

    model.fieldset(
        "personal_data",
        label=_("Personal data"),
        fields=["data_controller", "processing_purpose", "legal_basis"],
    )
    data_controller = schema.TextLine(
        title=_("Data controller"),
        description=_("The board (nämnd) responsible for the personal data."),
        required=False,
    )
    processing_purpose = schema.Text(
        title=_("Purpose of the processing"), required=False
    )
    legal_basis = schema.TextLine(
        title=_("Legal basis of the processing"),
        description=_("For example: Public interest (GDPR article 6.1 e)."),
        required=False,
    )

    model.fieldset(
        "case_handling",
        label=_("Cases"),
        fields=["delivery_mailbox", "attachment_types", "max_file_mb", "max_case_mb"],
    )
    delivery_mailbox = schema.TextLine(
        title=_("Mailbox for this e-service's cases"),
        description=_("Leave empty to use the mailbox of the control panel."),
        required=False,
        constraint=is_email,
    )
    directives.widget("attachment_types", CheckBoxFieldWidget)
    attachment_types = schema.List(
        title=_("File types residents may attach"),
        value_type=schema.Choice(vocabulary="atvidaberg.etjanster.attachment_types"),
        default=["pdf", "jpeg", "png", "heic", "docx", "odt"],
        required=False,
    )
    max_file_mb = schema.Int(
        title=_("Largest file, in MB"), default=20, min=1, max=100, required=True
    )
    max_case_mb = schema.Int(
        title=_("All files of a case together, in MB"),
        default=50,
        min=1,
        max=500,
        required=True,
    )

    model.fieldset(
        "eservice_settings",
        label=_("E-service settings"),
        fields=[
            "category",
            "audience",
            "requires_eid",
            "requires_signature",
            "allows_protected_identity",
            "available",
            "unavailable_message",
            "external_url",
            "related_blanketter",
            "related_faq",
        ],
    )
    category = schema.Choice(
        title=_("Category"),
        vocabulary="atvidaberg.etjanster.categories",
        required=False,
    )
    audience = schema.Choice(
        title=_("Audience"),
        description=_(
            "Internal e-services are shown only to logged-in employees or elected "
            "officials."
        ),
        vocabulary="atvidaberg.etjanster.audiences",
        default=AUDIENCE_EVERYONE,
        required=True,
    )
    requires_eid = schema.Bool(
        title=_("Requires e-legitimation"), default=True, required=False
    )
    requires_signature = schema.Bool(
        title=_("Requires signing"), default=False, required=False
    )
    allows_protected_identity = schema.Bool(
        title=_("Open to people with protected identity"),
        description=_(
            "If not, people with protected identity are shown the contact centre's "
            "details instead of the form."
        ),
        default=False,
        required=False,
    )
    available = schema.Bool(
        title=_("The e-service is available"),
        default=True,
        required=False,
    )
    unavailable_message = schema.Text(
        title=_("Message while unavailable"),
        description=_(
            "Shown prominently on the start page when the e-service is unavailable."
        ),
        required=False,
    )
    external_url = schema.URI(
        title=_("External address"),
        description=_(
            "Set this when the e-service lives in another system. The start button "
            "then leads there, and the case cannot be followed on Mina sidor."
        ),
        required=False,
        constraint=is_web_address,
    )
    directives.widget(
        "related_blanketter",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": ["Blankett"], "recentlyUsed": True},
    )
    related_blanketter = RelationList(
        title=_("Related blanketter"),
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=False,
        default=[],
    )
    directives.widget(
        "related_faq",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": ["FAQItem"], "recentlyUsed": True},
    )
    related_faq = RelationList(
        title=_("Related questions and answers"),
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=False,
        default=[],
    )


@implementer(IEService)
class EService(Container):
    """Folderish so that later issues can keep the form definition beside the page."""

    @property
    def is_external(self) -> bool:
        return bool(getattr(self, "external_url", None))

    @property
    def needs_login(self) -> bool:
        """Whether starting it asks for e-legitimation: what the marker "Kräver
        e-legitimation" says. Every e-service with a form here does, until e-services
        without login exist (issue 14): a draft needs an owner. For one in another
        system, the communicator's setting (``requires_eid``) tells."""
        return bool(getattr(self, "requires_eid", True)) or not self.is_external

    @property
    def is_internal(self) -> bool:
        return getattr(self, "audience", AUDIENCE_EVERYONE) != AUDIENCE_EVERYONE
