"""The applicant's personal details: the names under which a case keeps them.

The block is filled from e-legitimation and the person register when the case
starts (never for protected identity); the resident types the e-mail and phone.
"""

NAME = "applicant_name"
PERSONAL_NUMBER = "applicant_personal_number"
STREET_ADDRESS = "applicant_street_address"
POSTAL_CODE = "applicant_postal_code"
CITY = "applicant_city"
EMAIL = "applicant_email"
PHONE = "applicant_phone"
