-- scsm-dr backup history collector (docs/import.md).
--
-- Run on each SQL Server instance that hosts an SCSM database, then load the output with
--   scsm-dr import backups environment.yaml --from <file>...
--
-- One row per media family of every backup set finished in the last 35 days: a striped
-- backup has one row per file, which scsm-dr merges back into one backup set. Dates are
-- written as ISO 8601 text (style 126) so that no client culture reformats them; they are the
-- server's local time, and time_zone says how far that is from UTC (15-minute units, 127 =
-- unknown). physical_device_name stays the last column: sqlcmd does not quote fields, so a
-- device name holding a comma can only be joined back when nothing follows it.
SET NOCOUNT ON;

SELECT
    bs.server_name,
    bs.database_name,
    bs.type,
    CONVERT(varchar(23), bs.backup_start_date, 126) AS backup_start_date,
    CONVERT(varchar(23), bs.backup_finish_date, 126) AS backup_finish_date,
    bs.time_zone,
    CAST(bs.is_copy_only AS int) AS is_copy_only,
    bs.database_guid,
    bs.last_recovery_fork_guid,
    bs.recovery_model,
    CAST(bs.backup_size AS bigint) AS backup_size,
    bmf.physical_device_name
FROM msdb.dbo.backupset AS bs
JOIN msdb.dbo.backupmediafamily AS bmf
    ON bmf.media_set_id = bs.media_set_id
WHERE bs.backup_finish_date >= DATEADD(day, -35, GETDATE())
ORDER BY bs.database_name, bs.backup_finish_date, bmf.family_sequence_number;
