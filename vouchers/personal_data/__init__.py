"""Personal data: the applicant's download of everything the portal holds about them,
and the retention that anonymises applications past their keeping period. Reads
every stage, so it sits above them all; writes only the anonymisation."""
