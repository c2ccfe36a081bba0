"""ETL: internal VRU extracts in, disclosure-controlled releases out.

Stages (each a plain function): extract -> validate -> pseudonymise -> aggregate
-> disclose -> audit -> load. Only `load` touches a database. Person-level
records exist only in memory during a run.
"""
