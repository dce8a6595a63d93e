import { DateTime, Layout, SummaryList, type PageContext } from '../../platform/ui/index.js';
import type { Certificate } from './workshops.certificates.schemas.js';
import type { Workshop } from './workshops.schemas.js';

/**
 * The public verification page a certificate's QR code opens: the facts it states, as issued, and nothing
 * else about the person.
 */
export function CertificatePage({ ctx, certificate }: { ctx: PageContext; certificate: Certificate }) {
  return (
    <Layout ctx={ctx} title="Certificate of attendance">
      <h1>Certificate of attendance</h1>
      <p>
        {ctx.programName} issued this certificate. It states what its organizer recorded when it was issued.
      </p>
      <SummaryList
        rows={[
          { key: 'Participant', value: certificate.participantName },
          { key: 'Workshop', value: certificate.workshopTitle },
          { key: 'Run by', value: certificate.partnerName },
          { key: 'Dates attended', value: certificate.dates },
          { key: 'Hours attended', value: certificate.hoursAttended },
          { key: 'Certificate', value: <code>{certificate.id}</code> },
          { key: 'Issued', value: <DateTime iso={certificate.issuedAt} /> },
        ]}
      />
    </Layout>
  );
}

/** The roster's downloads: the lists as spreadsheets, and everyone's certificates once the workshop has ended. */
export function RosterDownloads({ workshop }: { workshop: Workshop }) {
  return (
    <ul class="link-list" aria-label="Downloads">
      <li>
        <a href={`/workshops/${workshop.id}/roster.csv`} download>
          Roster (CSV)
        </a>
      </li>
      <li>
        <a href={`/workshops/${workshop.id}/attendance.csv`} download>
          Attendance (CSV)
        </a>
      </li>
      {workshop.progress === 'ended' && workshop.status !== 'cancelled' && (
        <li>
          <a href={`/workshops/${workshop.id}/certificates.pdf`}>Download all certificates (PDF)</a>
        </li>
      )}
    </ul>
  );
}
