-- Whether an onboarding record for this person is already stored.
SELECT 1 FROM onboarding_records WHERE person_key = :person_key;
