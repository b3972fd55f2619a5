import { describe, expect, it } from 'vitest';
import { hubspotEnteredStage, readPairs, STAGE_MAPS } from './crmFormats.js';

describe('CRM formats', () => {
  it('reads HubSpot "Date entered" columns', () => {
    expect(hubspotEnteredStage('Date entered "Appointment Scheduled (Sales Pipeline)"')).toBe(
      'Appointment Scheduled',
    );
    expect(hubspotEnteredStage('Date entered Closed Won')).toBe('Closed Won');
    expect(hubspotEnteredStage('Deal Stage')).toBeUndefined();
  });

  it('maps the CRMs’ default stages onto the default funnel', () => {
    expect(STAGE_MAPS.salesforce['id. decision makers']).toBe('Discovery');
    expect(STAGE_MAPS.salesforce['closed won']).toBe('Won');
    expect(STAGE_MAPS.hubspot.appointmentscheduled).toBe('Meeting');
  });

  it('parses source=target pairs and refuses malformed ones', () => {
    expect(readPairs('Closed Won=Won, Qualified=Discovery')).toEqual({
      pairs: [
        ['Closed Won', 'Won'],
        ['Qualified', 'Discovery'],
      ],
      bad: undefined,
    });
    expect(readPairs('A=B, Closed Won').bad).toBe('Closed Won');
  });
});
