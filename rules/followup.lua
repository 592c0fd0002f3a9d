-- Settings of the follow-up emails and documents. Change one by setting the
-- same name in your team directory's rules/.

-- Who "we" are in the summary's "[Vendor] Commitments".
threshold("vendor_name", "Our")

-- Days between progress check-ins with the champion (every two weeks).
threshold("checkin_cadence_days", 14)

-- An open action with no update for longer than this is not "up to date"
-- in the pre-QBR checklist.
threshold("stale_days", 14)

-- Hours after the QBR by which the summary email should be out.
threshold("summary_hours", 24)
